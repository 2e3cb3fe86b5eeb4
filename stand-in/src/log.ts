// One structured JSON line per request on stderr (method, path, status, duration_ms, role).

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number;
	duration_ms: number;
	role: string | null;
	error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export function createLogger(enabled: boolean): RequestLogger {
	if (!enabled) return () => {};
	return (entry) => {
		process.stderr.write(JSON.stringify({ time: new Date().toISOString(), service: 'stand-in', ...entry }) + '\n');
	};
}

/** Logging is on unless the caller says otherwise or the environment sets STAND_IN_LOG=0. */
export function loggingEnabled(option: boolean | undefined): boolean {
	if (option !== undefined) return option;
	return process.env.STAND_IN_LOG !== '0';
}
