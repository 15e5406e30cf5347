/* Stand-in for a tag manager container (https://www.googletagmanager.com/gtm.js?id=GTM-RUNTIME1):
   what a container with custom HTML tags does at run time. */
(function () {
  var d = document, h = d.head;
  window.__beacons = [];
  // Meta pixel base code: its library and the PageView image.
  var fb = d.createElement('script');
  fb.async = true;
  fb.src = 'https://connect.facebook.net/en_US/fbevents.js';
  var first = d.getElementsByTagName('script')[0];
  first.parentNode.insertBefore(fb, first);
  new Image().src = 'https://www.facebook.com/tr?id=112233445566778&ev=PageView&noscript=1';
  // TikTok pixel, by setAttribute and append.
  var tt = d.createElement('script');
  tt.setAttribute('src', 'https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=CRUNTIME1');
  h.append(tt);
  // LinkedIn Insight Tag.
  var li = d.createElement('script');
  li.type = 'text/javascript';
  li.async = true;
  li.src = 'https://snap.licdn.com/li.lms-analytics/insight.min.js';
  h.appendChild(li);
  // A YouTube video written as markup.
  d.getElementById('video').innerHTML =
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/nWhRuntime1" title="What changes this year"></iframe>';
  // Hotjar (analytics), by a custom HTML tag.
  var hj = d.createElement('script');
  hj.async = 1;
  hj.src = 'https://static.hotjar.com/c/hotjar-3551234.js?sv=6';
  h.appendChild(hj);
  // Google Analytics 4 hits: the knowledge base files the collect
  // endpoint as a web beacon.
  window.__beacons.push(navigator.sendBeacon('https://www.google-analytics.com/g/collect?v=2&tid=G-RUNTIME1&en=page_view'));
  fetch('https://region1.google-analytics.com/g/collect?v=2&tid=G-RUNTIME1&en=scroll', { method: 'POST', mode: 'no-cors', keepalive: true })
    .catch(function () {});
  // Conversion beacons of advertising vendors.
  window.__beacons.push(navigator.sendBeacon('https://px.ads.linkedin.com/collect?pid=5551234&fmt=js'));
  fetch('https://googleads.g.doubleclick.net/pagead/viewthroughconversion/987654321/?random=1', { mode: 'no-cors' })
    .then(function () { window.__adFetch = 'resolved'; }, function (e) { window.__adFetch = e && e.name; });
  // A frame built from a data: URL, with a pixel inside.
  var fr = d.createElement('iframe');
  fr.title = 'conversion';
  fr.width = fr.height = 1;
  fr.src = 'data:text/html,<img src="https://px.ads.linkedin.com/collect?pid=5551234&fmt=gif&frame=data">';
  d.body.appendChild(fr);
  window.__containerRan = true;
})();
