/**
 * The signed-JWT client credentials the tester uses (SMART Backend Services and the NHS signed-JWT
 * pattern): the client id, its private key and key id, and optionally the token endpoint and the
 * scopes to ask for.
 *
 * @see https://hl7.org/fhir/smart-app-launch/backend-services.html
 * @example
 * ```ts
 * const credentials: SignedJwtCredentials = {
 *   clientId: 'conformance-tester',
 *   privateKey: await readPrivateKeyPem('keys/tester.pem'),
 *   keyId: 'tester-2026',
 *   algorithm: 'RS384',
 * };
 * ```
 */
export interface SignedJwtCredentials {
  /** The client id: `iss` and `sub` of every assertion. */
  readonly clientId: string;
  /** A PEM private key (PKCS#8, PKCS#1 or SEC1), or a private JWK. */
  readonly privateKey: string | Readonly<Record<string, unknown>>;
  /** The `kid` of the registered public key. */
  readonly keyId: string;
  /** Default `RS384` for RSA keys and `ES384` for EC keys. */
  readonly algorithm?: 'RS384' | 'RS512' | 'ES384';
  /** The token endpoint; when absent it is read from the CapabilityStatement or `.well-known/smart-configuration`. */
  readonly tokenUrl?: string;
  /** The scopes to ask for; default every scope of the blueprint's security requirements. */
  readonly scopes?: readonly string[];
}

/**
 * The server under test.
 *
 * @example
 * ```ts
 * const target: ConformanceTarget = { baseUrl: 'https://region.example.org/fhir', credentials };
 * ```
 */
export interface ConformanceTarget {
  /** The FHIR base URL (http or https). */
  readonly baseUrl: string;
  /** Without credentials, every test that needs a token is not demonstrated. */
  readonly credentials?: SignedJwtCredentials;
  /** Extra headers on every FHIR request (for example `NHSD-End-User-Organisation-ODS`). */
  readonly headers?: Readonly<Record<string, string>>;
}
