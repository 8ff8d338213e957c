/** The credential type every Jiko node asks for and sends through: one name, so the credential
 * class, the nodes' declarations and the transport can never disagree. */
export const CREDENTIAL_NAME = 'jikoApi';
