// The Content Security Policy allows no eval. zod compiles object parsers with `new Function`
// when it can and probes for that on first use: the probe would report a violation on every
// page. This classic script runs before the app's modules (which may parse at load), so zod
// reads the setting before its first parse; interpreted parsing is fast enough in the browser.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true })
