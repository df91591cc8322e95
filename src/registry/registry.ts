// One registry of layer and cell classes, keyed by their `static className` (never `constructor.name`, which
// minifiers change), with Keras's aliases. Configs go through it in both directions: `getConfig()` writes the
// class name, `deserializeLayer` finds the class again (Keras `serialization_lib.deserialize_keras_object`).
// Built-in classes register themselves in layers/builtin.ts; users add theirs with `registerLayer` /
// `registerCell`, or pass `customObjects` to one `loadModel` call (Keras `custom_objects`).
import { ConfigError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { RNNCell } from '../layers/rnn/cell.js';

/** A layer class as the registry needs it: its name and a way to rebuild it from `getConfig()` output. */
export interface LayerClass {
  className: string;
  fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer;
}

/** A cell class: its name and a way to rebuild it from `getConfig()` output. */
export interface CellClass {
  className: string;
  fromConfig(config: Record<string, unknown>): RNNCell;
}

/** Classes for one load call, by class name (Keras `custom_objects`). */
export type CustomObjects = Record<string, LayerClass | CellClass>;

const layerClasses = new Map<string, LayerClass>();
const cellClasses = new Map<string, CellClass>();

function checkClass(cls: { className?: unknown; fromConfig?: unknown } | undefined, what: string): string {
  if (!cls || typeof cls.className !== 'string' || cls.className === '' || typeof cls.fromConfig !== 'function') {
    throw new ConfigError(`register${what} expects a class with a static className (e.g. static className = 'MyLayer') and a static fromConfig`);
  }
  return cls.className;
}

/** Makes a layer class loadable by its `static className` (and any aliases, e.g. Keras 1 names). */
export function registerLayer(cls: LayerClass, ...aliases: string[]): void {
  const name = checkClass(cls, 'Layer');
  for (const key of [name, ...aliases]) layerClasses.set(key, cls);
}

/** Makes an RNN cell class loadable by its `static className`. */
export function registerCell(cls: CellClass, ...aliases: string[]): void {
  const name = checkClass(cls, 'Cell');
  for (const key of [name, ...aliases]) cellClasses.set(key, cls);
}

/** Registered layer class names (aliases included). */
export function registeredLayerNames(): string[] {
  return [...layerClasses.keys()];
}

function lookup<T>(name: string, registry: Map<string, T>, customObjects: CustomObjects | undefined, kind: string, how: string): T {
  const custom = customObjects && Object.prototype.hasOwnProperty.call(customObjects, name) ? customObjects[name] : undefined;
  const cls = (custom as T | undefined) ?? registry.get(name);
  if (!cls) {
    throw new ConfigError(`unknown ${kind} class '${name}': register it with ${how}(${name}) before loading, or pass loadModel(path, { customObjects: { ${name} } })`);
  }
  return cls;
}

/** The layer class registered (or given in customObjects) under `name`. */
export function getLayerClass(name: string, customObjects?: CustomObjects): LayerClass {
  return lookup(name, layerClasses, customObjects, 'layer', 'registerLayer');
}

/** The cell class registered (or given in customObjects) under `name`. */
export function getCellClass(name: string, customObjects?: CustomObjects): CellClass {
  return lookup(name, cellClasses, customObjects, 'cell', 'registerCell');
}

/** A serialized object as rnnkit's getConfig nests them. */
export interface Serialized {
  className: string;
  config: Record<string, unknown>;
}

function checkSerialized(spec: unknown, what: string): Serialized {
  const s = spec as Serialized;
  if (typeof s !== 'object' || s === null || typeof s.className !== 'string' || typeof s.config !== 'object' || s.config === null) {
    throw new ConfigError(`a nested ${what} must be { className, config }, got ${JSON.stringify(spec)?.slice(0, 200)}`);
  }
  return s;
}

/** Rebuilds a layer from `{ className, config }` (a layer's getConfig output under its class name). */
export function deserializeLayer(spec: unknown, customObjects?: CustomObjects): Layer {
  const s = checkSerialized(spec, 'layer');
  return getLayerClass(s.className, customObjects).fromConfig(s.config, customObjects);
}

/** Rebuilds an RNN cell from `{ className, config }`. */
export function deserializeCell(spec: unknown, customObjects?: CustomObjects): RNNCell {
  const s = checkSerialized(spec, 'cell');
  return getCellClass(s.className, customObjects).fromConfig(s.config);
}
