import { railCreateOperation } from '../../money/createTransfer';
import { achRail } from './rail';

export const operation = railCreateOperation('achTransfer', achRail);
export const description = operation.description;
