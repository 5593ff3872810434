// The audit chain hashes this form; the one implementation lives in lib/encoding.
export { canonicalJson } from '../encoding/canonical-json';
