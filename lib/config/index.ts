export { loadConfig, ConfigError, type WardenConfig, type SlackConfig } from './load-config';
export { parseDuration, formatDuration } from './duration';
