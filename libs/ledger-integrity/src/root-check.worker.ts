/** The worker thread of `ParallelRootCheck`: a `RootCheck` fed with batches of leaf inputs. */
import { parentPort, workerData } from 'node:worker_threads';
import { LEAF_INPUT_BYTES, type RootCheckMessage } from './parallel-verify.js';
import { RootCheck, type TreeHeadLike } from './log-verifier.js';

const port = parentPort;
if (!port) throw new Error('root-check.worker runs as a worker thread');
const check = new RootCheck((workerData as { heads: TreeHeadLike[] }).heads);

port.on('message', (message: RootCheckMessage) => {
  switch (message.type) {
    case 'leaves': {
      const bytes = Buffer.from(message.buffer, 0, message.count * LEAF_INPUT_BYTES);
      for (let offset = 0; offset < bytes.length; offset += LEAF_INPUT_BYTES) {
        check.add(
          bytes.subarray(offset, offset + 32),
          bytes.readBigUInt64BE(offset + 32),
          Number(bytes.readBigInt64BE(offset + 40)),
        );
      }
      port.postMessage({ type: 'ack' });
      break;
    }
    case 'heads':
      check.addHeads(message.heads);
      break;
    case 'finish':
      port.postMessage({ type: 'result', result: check.result() });
      break;
  }
});
