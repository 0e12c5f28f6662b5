// Preloaded (`node --require bench/peak-rss.cjs …`) into a command the benchmark runs, so that the command's own peak
// resident set size is known without a platform tool: written, in KB, to the file BENCH_PEAK_RSS_FILE names.
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
