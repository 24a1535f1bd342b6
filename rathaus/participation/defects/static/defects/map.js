// The defect reporter's map (Leaflet, loaded before this module with "defer"). Everything
// works without it: the overview page lists the reports in a table, the report form takes a
// street or typed coordinates. With JavaScript the map shows the reports, and on the form a
// click on the map fills in the latitude and longitude fields.

const element = document.getElementById("defects-map");
const L = window.L;

function boundary() {
  const data = document.getElementById("defects-boundary");
  try {
    const parsed = data ? JSON.parse(data.textContent) : null;
    return parsed && parsed.type ? parsed : null;
  } catch {
    return null;
  }
}

function setUp() {
  element.hidden = false;
  const map = L.map(element, { keyboard: true }).setView(
    [Number(element.dataset.lat), Number(element.dataset.lon)],
    Number(element.dataset.zoom) || 14,
  );
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 19,
      attribution: element.dataset.attribution || "",
    }).addTo(map);
  }
  const outline = boundary();
  if (outline) {
    const layer = L.geoJSON(outline, {
      style: { color: "#1f4e79", weight: 2, fill: false, interactive: false },
    }).addTo(map);
    map.fitBounds(layer.getBounds());
  }
  return map;
}

function escapeText(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

async function overview(map) {
  const response = await fetch(element.dataset.markers, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    return;
  }
  const { reports } = await response.json();
  const label = element.dataset.labelReport || "";
  for (const report of reports) {
    L.circleMarker([report.lat, report.lon], {
      radius: 7,
      color: report.open ? "#a4000f" : "#1b5e20",
      fillOpacity: 0.7,
    })
      .bindPopup(
        `<a href="${escapeText(report.url)}">${escapeText(`${label} ${report.number}`)}</a><br>` +
          `${escapeText(report.category)} – ${escapeText(report.status)}`,
      )
      .addTo(map);
  }
}

function pick(map) {
  const latitude = document.getElementById("id_latitude");
  const longitude = document.getElementById("id_longitude");
  let marker = null;
  const place = (lat, lon) => {
    if (marker) {
      marker.setLatLng([lat, lon]);
    } else {
      marker = L.circleMarker([lat, lon], { radius: 9, color: "#a4000f" }).addTo(map);
    }
  };
  const current = [latitude.value, longitude.value].map((v) => Number(v.replace(",", ".")));
  if (latitude.value && longitude.value && current.every(Number.isFinite)) {
    place(current[0], current[1]);
    map.setView(current, 17);
  }
  map.on("click", (event) => {
    const { lat, lng } = event.latlng;
    latitude.value = lat.toFixed(6);
    longitude.value = lng.toFixed(6);
    place(lat, lng);
  });
}

if (element && L) {
  const map = setUp();
  if (element.dataset.mode === "pick") {
    pick(map);
  } else {
    overview(map);
  }
}
