// CSVLogger (Keras callbacks/csv_logger.py): one CSV row per epoch — `epoch` then every log key in sorted
// order; the header is written once (not again when appending to a non-empty file). Node only.
import { checkOptions } from '../errors.js';
import { Callback, type Logs } from './callback.js';

export interface CSVLoggerArgs {
  separator?: string;
  append?: boolean;
}

type Fs = typeof import('node:fs');

export class CSVLogger extends Callback {
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;
  private fs: Fs | null = null;

  constructor(readonly filename: string, args: CSVLoggerArgs = {}) {
    super();
    checkOptions('CSVLogger', args, ['separator', 'append']);
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.fs = await import('node:fs');
    this.keys = null;
    this.writeHeader = !(this.append && this.fs.existsSync(this.filename) && this.fs.statSync(this.filename).size > 0);
    if (!this.append) this.fs.writeFileSync(this.filename, '');
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.keys ??= Object.keys(logs).sort();
    let text = '';
    if (this.writeHeader) {
      text += ['epoch', ...this.keys].join(this.separator) + '\n';
      this.writeHeader = false;
    }
    text += [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))].join(this.separator) + '\n';
    this.fs!.appendFileSync(this.filename, text);
  }
}
