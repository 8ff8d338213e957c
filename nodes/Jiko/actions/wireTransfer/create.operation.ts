import { railCreateOperation } from '../../rails/createOperation';
import { wireRail } from '../../rails/wire/rail';

export const operation = railCreateOperation('wireTransfer', wireRail);
export const description = operation.description;
