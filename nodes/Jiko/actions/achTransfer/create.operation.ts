import { railCreateOperation } from '../../rails/createOperation';
import { achRail } from '../../rails/ach/rail';

export const operation = railCreateOperation('achTransfer', achRail);
export const description = operation.description;
