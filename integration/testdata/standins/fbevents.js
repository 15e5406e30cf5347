/* Stand-in for the Meta pixel's library (https://connect.facebook.net/en_US/fbevents.js): it sends the PageView image. */
new Image().src = 'https://www.facebook.com/tr?id=112233445566778&ev=PageView&dl=fbevents';
window.__fbeventsRan = true;
