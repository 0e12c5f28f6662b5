/** A same-file async function that awaits, so each call to it is a task, and a view to `Atomics.wait()` on. */
export const work = 'async function work() { await null; }\nconst view = new Int32Array(new SharedArrayBuffer(4));\n';
