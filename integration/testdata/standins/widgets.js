/* The site's own script on its second domain (static.northwind-cdn.example), a test double. */
window.NorthwindWidgets = { version: 1 };
document.documentElement.dataset.secondDomain = 'ran';
