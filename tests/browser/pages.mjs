// Pages the browser tests check with axe-core, at every viewport and colour scheme.
// Add a page here to have it checked. `ready` is a CSS selector to wait for before checking.
export const PAGES = [
  { name: "home", path: "/" },
  { name: "section", path: "/safety/" },
  { name: "article", path: "/safety/side-effects/" },
  { name: "taxonomy", path: "/concerns/" },
  { name: "taxonomy-term", path: "/concerns/acne-scars/" },
  { name: "search-results", path: "/search/?q=pregnant", ready: ".search-page-item" },
  { name: "search-no-results", path: "/search/?q=zzzzqx", ready: "#search-page-status:not(:empty)" },
  { name: "404", path: "/no-such-page/" },
  // The evidence ledger: the claims index, a claim, the sources index, a source.
  { name: "evidence-index", path: "/evidence/claims/" },
  { name: "evidence", path: "/evidence/claims/has-downtime/" },
  { name: "sources", path: "/evidence/sources/" },
  { name: "source", path: "/evidence/sources/alam2014/" },
];

export const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 360, height: 780 },
];

export const SCHEMES = ["light", "dark"];

// Pages photographed at every viewport (light scheme) into screenshots/.
export const SCREENSHOTS = [
  { name: "home", path: "/" },
  { name: "article", path: "/safety/side-effects/" },
  { name: "search-results", path: "/search/?q=derma+roller", ready: ".search-page-item" },
  { name: "evidence", path: "/evidence/claims/has-downtime/" },
  { name: "evidence-index", path: "/evidence/claims/" },
];
