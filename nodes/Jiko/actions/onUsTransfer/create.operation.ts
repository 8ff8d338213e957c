import { railCreateOperation } from '../../money/createTransfer';
import { onUsRail } from './rail';

export const operation = railCreateOperation('onUsTransfer', onUsRail);
export const description = operation.description;
