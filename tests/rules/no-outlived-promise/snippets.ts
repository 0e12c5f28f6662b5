/** A same-file async function that awaits, so each call to it is a task; it takes any arguments (`work(db)`, `work(item)`). */
export const work = 'async function work(...args) { await null; }\n';
