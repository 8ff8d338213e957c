import { railCreateOperation } from '../../rails/createOperation';
import { onUsRail } from '../../rails/onUs';

export const operation = railCreateOperation('onUsTransfer', onUsRail);
export const description = operation.description;
