// Runs the finsent CLI and reports the process's peak memory on stderr as it exits, for the fault suite's table.
process.on('exit', () => {
  process.stderr.write(`\nFAULTS_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
await import('../bin/finsent.js');
