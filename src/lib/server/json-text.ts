// JSON text of any value the database can hold, however deep. V8's JSON.stringify recurses once per
// nesting level and throws RangeError somewhere between 5,000 and 10,000 levels; definitions stored before
// the database limited their depth can be deeper than that, and GET /api/versions/{id} must still answer
// them. `toJsonText` uses the native JSON.stringify and, only when it runs out of stack, an iterative
// serializer that produces the same text.

export function toJsonText(value: unknown): string | undefined {
	try {
		return JSON.stringify(value);
	} catch (e) {
		if (!(e instanceof RangeError)) throw e;
		return stringifyIteratively(value);
	}
}

interface Frame {
	container: unknown[] | Record<string, unknown>;
	keys: string[] | null; // null for arrays
	index: number;
	wrote: boolean;
}

/** What JSON.stringify would make of a value before looking inside it (toJSON, boxed primitives). */
function prepare(value: unknown, key: string): unknown {
	if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
		value = (value as { toJSON: (k: string) => unknown }).toJSON(key);
	}
	if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
	return value;
}

/** The text of a value that is not an array or object; undefined when JSON.stringify would omit it. */
function scalar(value: unknown): string | undefined {
	return JSON.stringify(value); // strings, numbers (non-finite → "null"), booleans, null; undefined for the rest
}

/** JSON.stringify(value) with an explicit stack instead of recursion (no replacer, no indentation). */
export function stringifyIteratively(value: unknown): string | undefined {
	const root = prepare(value, '');
	if (root === null || typeof root !== 'object') return scalar(root);
	const out: string[] = [];
	const seen = new Set<unknown>();
	const stack: Frame[] = [];
	const open = (v: object) => {
		if (seen.has(v)) throw new TypeError('Converting circular structure to JSON');
		seen.add(v);
		const isArray = Array.isArray(v);
		out.push(isArray ? '[' : '{');
		stack.push({
			container: v as Frame['container'],
			keys: isArray ? null : Object.keys(v),
			index: 0,
			wrote: false
		});
	};
	open(root);
	while (stack.length) {
		const f = stack[stack.length - 1];
		const length = f.keys ? f.keys.length : (f.container as unknown[]).length;
		if (f.index >= length) {
			out.push(f.keys ? '}' : ']');
			seen.delete(f.container);
			stack.pop();
			continue;
		}
		const i = f.index++;
		const key = f.keys ? f.keys[i] : String(i);
		const child = prepare((f.container as Record<string, unknown>)[key], key);
		const isContainer = child !== null && typeof child === 'object';
		const text = isContainer ? null : scalar(child);
		if (f.keys && !isContainer && text === undefined) continue; // omitted property
		if (f.wrote) out.push(',');
		f.wrote = true;
		if (f.keys) out.push(JSON.stringify(key), ':');
		if (isContainer) open(child);
		else out.push(text ?? 'null'); // undefined, functions and symbols in arrays become null
	}
	return out.join('');
}
