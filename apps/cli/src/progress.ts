import cliProgress from "cli-progress";
import type { Progress } from "@lore/core/eval";

/**
 * A progress bar on stderr when stderr is a terminal; nothing otherwise (CI logs, pipes, tests), so stdout
 * stays clean JSON and logs are not flooded with redraws. `total` 0 = unknown (counts up without a bar end).
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { start() {}, tick() {}, stop() {} };
  let bar: cliProgress.SingleBar | null = null;
  let total = 0;
  let value = 0;
  return {
    start(label, t) {
      bar?.stop();
      total = t;
      value = 0;
      bar = new cliProgress.SingleBar(
        {
          stream,
          format:
            total > 0
              ? `${label.padEnd(10)} [{bar}] {value}/{total} | {percentage}% | ETA {eta_formatted}`
              : `${label.padEnd(10)} {value} done | {duration_formatted}`,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0);
    },
    tick(n = 1) {
      value += n;
      if (total === 0) bar?.setTotal(value + 1);
      bar?.update(value);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
