// The parts of tfjs-core the kernels use. Callers pass their own tfjs in (the app's lazily loaded
// copy, or tfjs-core in tests and benchmarks), so this folder never imports tfjs at run time.

import type * as tfCore from '@tensorflow/tfjs-core';

export type TfCore = Pick<
  typeof tfCore,
  | 'getKernel'
  | 'registerKernel'
  | 'unregisterKernel'
  | 'findBackendFactory'
  | 'getBackend'
  | 'backend_util'
  | 'env'
  | 'util'
  | 'getGradient'
  | 'registerGradient'
  | 'reshape'
  | 'div'
  | 'broadcastTo'
>;
