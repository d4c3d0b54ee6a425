/** Security scheme names of the OpenAPI document. */
export const API_KEY_SCHEME = 'apiKey';
export const ROOT_KEY_SCHEME = 'rootKey';
