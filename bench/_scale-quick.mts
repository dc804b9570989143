import { registryScaleScenarios } from './scenarios/registry';
const r = await registryScaleScenarios(30000);
console.log(JSON.stringify(r, null, 1));
