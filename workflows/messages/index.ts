export { keyProgressQuery } from './keys';
