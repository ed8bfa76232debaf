import { describe, expect, it } from 'vitest';
import { explainRedisError } from './explain-redis-error';

const address = 'redis://app@cache:6379';

describe('explainRedisError', () => {
  it('fails for good on a wrong password, saying to check the password and ACL user', () => {
    expect(explainRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.'), address)).toEqual({
      retryable: false,
      message: `${address} refused the credentials (WRONGPASS invalid username-password pair or user is disabled.). Check the password, and the ACL user name if the service uses one.`,
    });
  });

  it('fails for good when a password is required but none was given', () => {
    expect(explainRedisError(new Error('NOAUTH Authentication required.'), address)).toEqual({
      retryable: false,
      message: `${address} requires a password (NOAUTH Authentication required.). Give the password, and the ACL user name if the service uses one.`,
    });
  });

  it('leaves socket errors to the shared explanation, which retries', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(explainRedisError(refused, address)).toEqual({ retryable: true, message: `Nothing is listening on ${address} (connection refused). Start the service, or check the port.` });
  });
});
