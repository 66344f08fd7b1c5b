/**
 * Stacks to deploy for a target, each after the stacks it reads. `referencesOf` gives the stacks
 * a stack reads directly; a cycle is an error, as no order can satisfy it.
 */
export function deployOrder(target: string, referencesOf: (stack: string) => string[]): string[] {
  const order: string[] = [];
  const visiting: string[] = [];
  const visit = (stack: string) => {
    if (order.includes(stack)) return;
    if (visiting.includes(stack)) throw new Error(`stacks reference each other in a cycle: ${[...visiting, stack].join(" -> ")}`);
    visiting.push(stack);
    for (const reference of referencesOf(stack)) visit(reference);
    visiting.pop();
    order.push(stack);
  };
  visit(target);
  return order;
}
