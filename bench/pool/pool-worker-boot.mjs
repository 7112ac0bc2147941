// Worker threads do not inherit the parent's module hooks (node --import tsx), so a
// worker starts here, in plain JavaScript, registers tsx, then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
