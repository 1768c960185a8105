// The board, live: messages posted elsewhere appear at the top without a reload. The server pushes each new message
// as a Server-Sent Event (GET /events, event type "post") whose data is the message's <li>, rendered for this viewer.
// Progressive enhancement: without JavaScript or EventSource the board works as before, and a reload shows new posts.
(function () {
  'use strict';
  var list = document.querySelector('ul.messages[data-events]');
  if (!list || !('EventSource' in window)) return;

  // EventSource reconnects by itself after a network error or a server restart, sending the last id it received
  // (Last-Event-ID), so the server sends what was posted meanwhile.
  var source = new EventSource(list.getAttribute('data-events'));
  source.addEventListener('post', function (event) {
    var template = document.createElement('template');
    template.innerHTML = event.data;
    var item = template.content.firstElementChild;
    if (!item || (item.id && document.getElementById(item.id))) return;
    var empty = list.querySelector('li.empty');
    if (empty) empty.remove();
    list.insertBefore(item, list.firstElementChild);
  });
})();
