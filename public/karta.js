/* global document, L */
/* The map on /karta. Progressive enhancement: without this script, or without Leaflet, the page
   is the list of towns below it, which holds everything the map shows. Town names and links are
   set as text and attributes, never as markup. */
(function () {
  'use strict';
  var container = document.getElementById('map');
  var source = document.getElementById('map-data');
  if (!container || !source || typeof L === 'undefined') return;
  var data = JSON.parse(source.textContent);

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: data.attribution }).addTo(map);

  var bounds = [];
  data.towns.forEach(function (town) {
    var popup = document.createElement('p');
    var link = document.createElement('a');
    link.href = town.href;
    link.textContent = town.name;
    popup.appendChild(link);
    popup.appendChild(document.createTextNode(': ' + town.label));
    L.circleMarker([town.lat, town.lon], {
      radius: 5 + Math.min(10, Math.sqrt(town.count) * 2),
      color: '#0b4a8b',
      weight: 2,
      fillOpacity: 0.6,
    })
      .bindTooltip(town.name + ': ' + town.label)
      .bindPopup(popup)
      .addTo(map);
    bounds.push([town.lat, town.lon]);
  });
  if (bounds.length > 0) map.fitBounds(bounds, { padding: [20, 20] });
  else map.setView([62.5, 16.5], 4);
})();
