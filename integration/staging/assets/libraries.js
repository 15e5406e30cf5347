/*
 * Northwind Health Plan: first-party script of the plan-comparison page.
 * Needs jQuery (code.jquery.com), the tabs plugin (cdn.jsdelivr.net) and
 * the site's widgets from its own second domain (static.northwind-cdn.example).
 */
(function ($) {
  'use strict';
  var root = document.documentElement;
  root.dataset.jquery = $.fn.jquery;
  root.dataset.widgets = String(window.NorthwindWidgets.version);
  $(function () {
    $('#plan-tabs').nwTabs();
    $('#plans li').addClass('plan-ready');
    root.dataset.tabs = document.getElementById('plan-tabs').getAttribute('data-tabs');
  });
})(jQuery);
