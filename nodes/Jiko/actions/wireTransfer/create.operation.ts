import { railCreateOperation } from '../../money/createTransfer';
import { wireRail } from './rail';

export const operation = railCreateOperation('wireTransfer', wireRail);
export const description = operation.description;
