import {
  Button,
  Form,
  type FormError,
  isApiError,
  type MfaEnrolment,
  Page,
  PageHeading,
  Section,
  session,
  t,
  Table,
  TextField,
} from '@ent/ui-kit';
import { useEffect, useRef, useState } from 'react';
import { usePageTitle } from './usePageTitle.js';

interface DemoAccounts {
  password: string;
  accounts: { login: string; profile: string; description: string }[];
}

/** In demo mode the router serves the demo accounts; elsewhere the request fails and nothing is shown. */
function useDemoAccounts(): DemoAccounts | null {
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/demo/accounts', { headers: { accept: 'application/json' }, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return;
        const body = (await response.json()) as Partial<DemoAccounts>;
        if (typeof body.password === 'string' && Array.isArray(body.accounts)) setDemo(body as DemoAccounts);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return demo;
}

/** The API's field names → this page's inputs. */
const FIELD_IDS: Readonly<Record<string, string>> = { login: 'login', password: 'login-password', code: 'mfa-code' };

/** A refusal shown in the form's error summary, linked to the field at fault (or to the step's main field). */
function errorsOf(error: unknown, fallbackField: string): FormError[] {
  const message = error instanceof Error ? error.message : String(error);
  const fieldId = (isApiError(error) && error.field && FIELD_IDS[error.field]) || fallbackField;
  return [{ fieldId, message }];
}

type Step = { kind: 'credentials' } | { kind: 'mfa'; mfaToken: string; enrolment?: MfaEnrolment };

/** Sign-in: identifier and password, then the time-based code when the account needs one. */
export function LoginPage({ endMessage }: { endMessage: string | null }) {
  usePageTitle(t('shell.login.title'));
  const demo = useDemoAccounts();
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [busy, setBusy] = useState(false);
  const [filled, setFilled] = useState('');
  const mfaHeading = useRef<HTMLHeadingElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (step.kind === 'mfa') mfaHeading.current?.focus();
  }, [step]);

  const fieldError = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;

  const submitCredentials = async () => {
    const problems: FormError[] = [];
    if (!login.trim()) problems.push({ fieldId: 'login', message: t('shell.login.loginRequired') });
    if (!password) problems.push({ fieldId: 'login-password', message: t('shell.login.passwordRequired') });
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      const result = await session.login(login.trim(), password);
      if (result.kind === 'mfa') {
        setCode('');
        setStep({ kind: 'mfa', mfaToken: result.mfaToken, ...(result.enrolment ? { enrolment: result.enrolment } : {}) });
      }
    } catch (error) {
      setErrors(errorsOf(error, 'login'));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  const submitCode = async (mfaToken: string) => {
    const value = code.replace(/\s+/g, '');
    const problems: FormError[] = [];
    if (!value) problems.push({ fieldId: 'mfa-code', message: t('shell.login.codeRequired') });
    else if (!/^\d{6}$/.test(value)) problems.push({ fieldId: 'mfa-code', message: t('shell.login.codeFormat') });
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    try {
      await session.verifyMfa(mfaToken, value);
    } catch (error) {
      setErrors(errorsOf(error, 'mfa-code'));
      setBusy(false);
    }
  };

  return (
    <Page className="portal-login">
      {endMessage ? (
        <p className="portal-notice" role="status">
          <span aria-hidden="true">ℹ </span>
          {endMessage}
        </p>
      ) : null}
      {step.kind === 'credentials' ? (
        <div className="portal-login__card">
          <PageHeading title={t('shell.login.heading')} />
          <p>{t('shell.login.intro')}</p>
          <Form onSubmit={submitCredentials} errors={errors}>
            <TextField
              id="login"
              name="username"
              label={t('shell.login.login')}
              hint={t('shell.login.loginHint')}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={login}
              error={fieldError('login')}
              onChange={(event) => setLogin(event.currentTarget.value)}
            />
            <TextField
              id="login-password"
              name="password"
              type="password"
              label={t('shell.login.password')}
              autoComplete="current-password"
              required
              value={password}
              error={fieldError('login-password')}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <div>
              <Button ref={submitRef} type="submit" size="large" busy={busy}>
                {t('shell.login.submit')}
              </Button>
            </div>
          </Form>
        </div>
      ) : (
        <div className="portal-login__card">
          <h1 ref={mfaHeading} tabIndex={-1} className="ent-page-heading__title portal-login__mfa-title">
            {step.enrolment ? t('shell.login.enrolTitle') : t('shell.login.mfaTitle')}
          </h1>
          {step.enrolment ? (
            <div className="portal-enrolment">
              <p>{t('shell.login.enrolIntro')}</p>
              <img className="portal-enrolment__qr" src={step.enrolment.qrCodeDataUrl} alt={t('shell.login.qrAlt')} width={200} height={200} />
              <p>{t('shell.login.secretLabel')}</p>
              <p>
                <code className="portal-enrolment__secret">{step.enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </p>
            </div>
          ) : (
            <p>{t('shell.login.mfaIntro')}</p>
          )}
          <Form onSubmit={() => submitCode(step.mfaToken)} errors={errors}>
            <TextField
              id="mfa-code"
              name="one-time-code"
              label={t('shell.login.code')}
              hint={t('shell.login.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              value={code}
              error={fieldError('mfa-code')}
              onChange={(event) => setCode(event.currentTarget.value)}
            />
            <div className="portal-login__buttons">
              <Button type="submit" size="large" busy={busy}>
                {t('shell.login.verify')}
              </Button>
              <Button
                variant="quiet"
                onClick={() => {
                  setErrors([]);
                  setStep({ kind: 'credentials' });
                }}
              >
                {t('shell.login.back')}
              </Button>
            </div>
          </Form>
        </div>
      )}
      {demo && step.kind === 'credentials' ? (
        <Section title={t('shell.login.demoTitle')} className="portal-demo">
          <p>
            {t('shell.login.demoIntro')} <code>{demo.password}</code>
          </p>
          <Table
            caption={t('shell.login.demoCaption')}
            captionHidden
            rowKey={(account) => account.login}
            rows={demo.accounts}
            columns={[
              { key: 'login', header: t('shell.login.demoLogin'), rowHeader: true, render: (account) => <code>{account.login}</code> },
              { key: 'profile', header: t('shell.login.demoProfile'), render: (account) => t(`shell.profiles.${account.profile}`) },
              { key: 'description', header: t('shell.login.demoDescription') },
              {
                key: 'use',
                header: t('shell.login.demoAction'),
                render: (account) => (
                  <Button
                    variant="secondary"
                    size="small"
                    onClick={() => {
                      setLogin(account.login);
                      setPassword(demo.password);
                      setErrors([]);
                      setFilled(t('shell.login.demoFilled', { login: account.login }));
                      submitRef.current?.focus();
                    }}
                  >
                    {t('shell.login.demoUse')}
                    <span className="ent-visually-hidden"> {account.login}</span>
                  </Button>
                ),
              },
            ]}
          />
          <p className="portal-status" role="status">
            {filled}
          </p>
        </Section>
      ) : null}
    </Page>
  );
}
