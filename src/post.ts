/**
 * The post step. The action writes nothing to disk yet, so there is nothing to clean up; it stays
 * silent. It exists so that later cleanups have their place and run even after a failed main step.
 */
export async function post(): Promise<void> {}
