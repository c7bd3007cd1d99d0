import validator from '@authenio/samlify-node-xmllint';
import * as samlify from 'samlify';

let configured = false;

/** samlify refuses to parse anything until a schema validator is set: libxml2 through node-xmllint. */
export function saml(): typeof samlify {
  if (!configured) {
    samlify.setSchemaValidator(validator);
    configured = true;
  }
  return samlify;
}
