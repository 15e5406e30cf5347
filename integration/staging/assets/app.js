/*
 * Northwind Health Plan: first-party site script.
 * Toggles the mobile menu, fills in the footer year and remembers
 * whether a dismissible notice was closed. It sends nothing anywhere.
 */
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') {
      fn();
    } else {
      document.addEventListener('DOMContentLoaded', fn);
    }
  }

  function setupMenu() {
    var toggle = document.querySelector('.nav-toggle');
    var nav = document.getElementById('site-nav');
    if (!toggle || !nav) {
      return;
    }
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') === 'true';
      toggle.setAttribute('aria-expanded', open ? 'false' : 'true');
      nav.classList.toggle('is-open', !open);
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' && nav.classList.contains('is-open')) {
        nav.classList.remove('is-open');
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
  }

  function setupYear() {
    var nodes = document.querySelectorAll('[data-year]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = String(new Date().getFullYear());
    }
  }

  function setupNotices() {
    var buttons = document.querySelectorAll('[data-dismiss]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (ev) {
        var box = document.getElementById(ev.currentTarget.getAttribute('data-dismiss'));
        if (box) {
          box.hidden = true;
        }
      });
    }
  }

  function setupPlanCards() {
    var tpl = document.getElementById('plan-card');
    var list = document.getElementById('plan-list');
    if (!tpl || !list || !('content' in tpl)) {
      return;
    }
    var plans = [
      { name: 'Northwind Standard', detail: 'Low premium, broad network.' },
      { name: 'Northwind Plus', detail: 'Lower deductible, dental and vision included.' }
    ];
    for (var i = 0; i < plans.length; i++) {
      var node = tpl.content.cloneNode(true);
      node.querySelector('h3').textContent = plans[i].name;
      node.querySelector('p').textContent = plans[i].detail;
      list.appendChild(node);
    }
  }

  ready(function () {
    setupMenu();
    setupYear();
    setupNotices();
    setupPlanCards();
  });
}());
