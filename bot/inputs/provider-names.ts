import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDERS, type KeyEnvironment, type Provider } from '../../lib/contracts';

const PROVIDER_ALIASES: Record<string, Provider> = {
  openai: 'openai',
  anthropic: 'anthropic',
  claude: 'anthropic',
  gemini: 'gemini',
  google: 'gemini',
  'openai-compatible': 'openai_compatible',
  openai_compatible: 'openai_compatible',
  compatible: 'openai_compatible',
};

const ENVIRONMENT_ALIASES: Record<string, KeyEnvironment> = {
  production: 'production',
  prod: 'production',
  staging: 'staging',
  stage: 'staging',
};

export const providerName = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(Object.keys(PROVIDER_ALIASES) as [string, ...string[]], { error: `provider must be one of: ${PROVIDERS.join(', ').replace('openai_compatible', 'openai-compatible')}` }))
  .transform((v) => PROVIDER_ALIASES[v] as Provider);

export const environmentName = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(Object.keys(ENVIRONMENT_ALIASES) as [string, ...string[]], { error: `environment must be one of: ${KEY_ENVIRONMENTS.join(', ')}` }))
  .transform((v) => ENVIRONMENT_ALIASES[v] as KeyEnvironment);
