// Writes KERN UX's stylesheet without the rules no Rathaus page can match.
//
// KERN ships one 340 KB stylesheet: every icon as an inline SVG, a 24-column grid for five
// breakpoints and utility classes, of which the templates use a small part. PurgeCSS keeps
// every rule whose classes occur somewhere in the templates, Python code and scripts, and
// all custom properties, keyframes and font faces.
//
//   node scripts/purge_kern.mjs SOURCE.css TARGET.css
//
// Run by scripts/install_frontend.py, which `make install` reruns when a template changes.

import { readFileSync, writeFileSync } from "node:fs";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error("usage: node scripts/purge_kern.mjs SOURCE.css TARGET.css");
  process.exit(2);
}

// The rule that gives <body> the theme's colour variables (the focus outline's among them)
// reads `:is(body, .kern-light, …):not([class*=kern-level-])`. PurgeCSS 8 drops a selector
// with :is() followed by :not() even when it matches, so such rules are kept as they are.
function keepIsNotRules(css) {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    if (rule.selectors.some((selector) => /:is\(.*\):not\(/.test(selector))) {
      rule.prepend(postcss.comment({ text: "purgecss ignore current" }));
    }
  });
  return root.toString();
}

const [result] = await new PurgeCSS().purge({
  content: ["rathaus/**/*.html", "rathaus/**/*.py", "rathaus/**/*.js"],
  css: [{ raw: keepIsNotRules(readFileSync(source, "utf8")) }],
  safelist: {
    // A template writes this class from a variable: kern-form-check__{{ input_type }}.
    standard: [/^kern-form-check__/],
  },
});
writeFileSync(target, result.css);
