// One logger for the whole process: Fastify's request logs and Nest's own (start-up, Logger instances) go to the
// same pino instance, set by LOG_LEVEL. JSON lines; readable lines in development when pino-pretty is installed.
import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger } from 'pino';
import { AppConfig } from './config/app-config';

/** Nest's start-up chatter (one line per module and route): debug, not info. */
const CHATTY = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'GraphQLModule']);

/** pino-pretty's path when it is installed (a devDependency: never in a production install). */
function prettyTarget(): string | undefined {
  try {
    return require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
}

/**
 * The process's pino logger. `destination: false` formats every line and drops it (tests: output stays clean,
 * and a spy on the stream still sees each line).
 */
export function createLogger(config: AppConfig, destination?: DestinationStream | false): Logger {
  const options: pino.LoggerOptions = { level: config.LOG_LEVEL };
  if (destination === false) return pino(options, { write: () => true });
  if (destination) return pino(options, destination);
  const pretty = config.NODE_ENV === 'development' && process.stdout.isTTY ? prettyTarget() : undefined;
  if (pretty) return pino({ ...options, transport: { target: pretty, options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  return pino(options);
}

/** Nest's LoggerService over pino: `new Logger('Ctx').warn(msg)` becomes one JSON line with `context: "Ctx"`. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    // Nest passes the context last; error() may put a stack before it.
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest[0];
    if (level === 'info' && context && CHATTY.has(context)) level = 'debug';
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
