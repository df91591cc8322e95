// Which way a monitored quantity should go (Keras MonitorCallback / EarlyStopping._set_monitor_op):
// 'min' and 'max' say it; 'auto' reads the loss as 'min' and a compiled metric by its direction.
import { ConfigError } from '../errors.js';
import type { Model } from '../models/model.js';

export type Mode = 'auto' | 'min' | 'max';

export function checkMode(owner: string, mode: string): Mode {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') throw new ConfigError(`${owner}: mode must be 'auto', 'min' or 'max', got '${mode}'`);
  return mode;
}

/** True when larger values of `monitor` are better; null when 'auto' cannot tell. */
export function monitorMaximizes(model: Model, monitor: string, mode: Mode): boolean | null {
  if (mode !== 'auto') return mode === 'max';
  const name = monitor.replace(/^val_/, '');
  if (name === 'loss') return false;
  // several outputs log '<output>_loss' and '<output>_<metric>' (Keras 3)
  const outputs = model.outputNames;
  if (outputs.length > 1 && outputs.some((o) => name === `${o}_loss`)) return false;
  const metric = model.trainer.namedMetrics().find((m) => m.name === name)?.metric;
  return metric ? metric.direction === 'up' : null;
}
