/**
 * A progress bar on stderr for long work: redrawn in place on a terminal, a line every few seconds otherwise (CI
 * logs, pipes), so stdout stays clean for `--json`.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDraw = 0;
  const interval = stream.isTTY ? 100 : 5_000;
  const draw = (done: number, total: number | undefined, final: boolean) => {
    const now = Date.now();
    if (!final && now - lastDraw < interval) return;
    lastDraw = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = Math.round(done / seconds).toLocaleString('en');
    const known = total !== undefined && total > 0;
    const share = known ? Math.min(done / total, 1) : 0;
    const bar = known
      ? `[${'#'.repeat(Math.round(share * 30)).padEnd(30, '.')}] ${Math.floor(share * 100)}% `
      : '';
    const counts = known
      ? `${done.toLocaleString('en')}/${total.toLocaleString('en')}`
      : done.toLocaleString('en');
    const line = `${label} ${bar}${counts} events, ${rate}/s`;
    stream.write(stream.isTTY ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  return {
    update: (done: number, total?: number) => draw(done, total, false),
    done: (done: number, total?: number) => draw(done, total, true),
  };
}
