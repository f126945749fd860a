// Runs `rtc` from its TypeScript source (`npm start`, `npm run rtc`, `tsx src/cli/rtc.ts ...`); `npx rtc` starts
// bin/rtc.js, which runs the same program.
import { runRtc } from './program.ts';

await runRtc(process.argv);
