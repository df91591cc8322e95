// CSVLogger (Keras callbacks/csv_logger.py): one CSV row per epoch — `epoch` then every log key in sorted
// order; the header is written once (not again when appending to a non-empty file). A missing parent directory
// is created (as ModelCheckpoint does); a file-system failure is an error naming the file. Node only.
import { checkOptions, ValueError } from '../errors.js';
import { fileError } from '../io/fs_errors.js';
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
    if (typeof filename !== 'string' || filename.length === 0) throw new ValueError(`CSVLogger needs a file name, got ${JSON.stringify(filename)}`);
    checkOptions('CSVLogger', args, ['separator', 'append']);
    this.separator = args.separator ?? ',';
    this.append = args.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    const fs = (this.fs = await import('node:fs'));
    const { dirname } = await import('node:path');
    this.keys = null;
    try {
      // Keras: CSVLogger opens the file as given; rnnkit creates the missing directory first, as ModelCheckpoint does
      fs.mkdirSync(dirname(this.filename), { recursive: true });
      this.writeHeader = !(this.append && fs.existsSync(this.filename) && fs.statSync(this.filename).size > 0);
      if (!this.append) fs.writeFileSync(this.filename, '');
    } catch (e) {
      throw fileError(e, this.filename, 'a writable CSV log file');
    }
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.keys ??= Object.keys(logs).sort();
    let text = '';
    if (this.writeHeader) {
      text += ['epoch', ...this.keys].join(this.separator) + '\n';
      this.writeHeader = false;
    }
    text += [String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))].join(this.separator) + '\n';
    try {
      this.fs!.appendFileSync(this.filename, text);
    } catch (e) {
      throw fileError(e, this.filename, 'a writable CSV log file');
    }
  }
}
