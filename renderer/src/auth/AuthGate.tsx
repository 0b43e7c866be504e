import { Alert, Button, Center, Loader, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AuthStatus } from '../../../main/contract/auth';
import type { AppErrorData } from '../../../main/contract/errors';
import { setLanguage, t, type Language } from '../i18n';
import { errorText, fieldMessages } from '../i18n/errors';
import { applyDisplay } from '../format';
import { firstAnswer } from '../earlyCalls';
import { api } from '../transport';
import { GateFrame } from '../components/GateFrame';

// The back office asks for sign-in when the host requires it (Electron always; the browser harness unless started
// with --no-auth). The first start of an empty database creates the administrator and offers a demo ISP.

const OFFLINE_RETRY_MS = 2000;

export interface SignedInStaff {
  name: string;
  role: 'administrator' | 'finance' | 'support';
  /** the member's own choice; null: the ISP's default language */
  language: Language | null;
}

interface AuthState {
  staff: SignedInStaff | null;
  required: boolean;
  signOut(): Promise<void>;
  /** the signed-in member's language (null: the ISP's default): stored on their account, the screens redrawn in it */
  chooseLanguage(language: Language | null): Promise<AppErrorData | null>;
  /** asks again which language applies (after the ISP's default language changed) */
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthState>({ staff: null, required: false, signOut: async () => {}, chooseLanguage: async () => null, refresh: async () => {} });
export const useAuth = () => useContext(AuthContext);

export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** `first`: the gate's first load, which may take the answer sent early (earlyCalls.ts) */
  const refresh = useCallback(async (first?: true) => {
    const res = first ? await firstAnswer('auth.status') : await api.call('auth.status', {});
    if (res.ok) {
      applyDisplay(res.data.display);
      await setLanguage(res.data.language);
      setError(null);
      setStatus(res.data);
    } else {
      setError(res.error.message);
      // a seat whose office server does not answer: ask again until it does (the seat's banner says it retries)
      if (res.error.code === 'OFFLINE') setTimeout(() => void refresh(), OFFLINE_RETRY_MS);
    }
  }, []);
  const chooseLanguage = useCallback(async (language: Language | null) => {
    const res = await api.call('auth.setLanguage', { language });
    if (!res.ok) return res.error;
    applyDisplay(res.data.display);
    await setLanguage(res.data.language);
    setStatus(res.data);
    return null;
  }, []);
  useEffect(() => void refresh(true), [refresh]);
  // A session ended elsewhere (another window or process signed out, reset the password, locked the account):
  // back to the sign-in screen instead of a page of refusals.
  useEffect(
    () =>
      api.onSignedOut(() => {
        if (status?.required) void refresh();
      }),
    [refresh, status?.required],
  );
  const signOut = useCallback(async () => {
    await api.call('auth.signOut', {});
    await refresh();
  }, [refresh]);

  if (error) return <Alert color="red" m="xl" title={t('The application cannot be reached')}>{error}</Alert>;
  if (!status) return <Center h="100vh"><Loader aria-label={t('Loading')} /></Center>;
  if (status.required && !status.hasStaff) return <FirstStart onDone={refresh} />;
  if (status.required && !status.signedIn) return <SignIn onDone={refresh} />;
  // keyed by the language: a new language redraws every screen (labels kept in module-level maps included)
  return (
    <AuthContext.Provider key={status.language} value={{ staff: status.signedIn, required: status.required, signOut, chooseLanguage, refresh }}>
      {children}
    </AuthContext.Provider>
  );
}


function useForm(onSubmit: () => Promise<{ ok: boolean; message?: string; fields?: Record<string, string> }>) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const r = await onSubmit();
    setBusy(false);
    if (!r.ok) {
      setMessage(r.message ?? t('Refused'));
      setFields(r.fields ?? {});
    }
  };
  return { busy, message, fields, submit };
}

function SignIn({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm(async () => {
    const res = await api.call('auth.signIn', { name, password });
    if (res.ok) onDone();
    return res.ok ? { ok: true } : { ok: false, message: errorText(res.error), fields: fieldMessages(res.error.fields) };
  });
  return (
    <GateFrame title={t('Sign in to ISP Back Office')}>
      <form onSubmit={form.submit}>
        <Stack gap="sm">
          <TextInput label={t('Name')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus required withAsterisk={false} error={form.fields.name} />
          <PasswordInput label={t('Password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} error={form.fields.password} />
          {form.message && <Alert color="red">{form.message}</Alert>}
          <Button type="submit" loading={form.busy}>
            {t('Sign in')}
          </Button>
        </Stack>
      </form>
    </GateFrame>
  );
}

function FirstStart({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [start, setStart] = useState<'empty' | 'demo'>('empty');
  const form = useForm(async () => {
    const res = await api.call('auth.setup', { name, password });
    if (!res.ok) return { ok: false, message: errorText(res.error), fields: fieldMessages(res.error.fields) };
    if (start === 'demo') {
      const demo = await api.call('system.createDemo', { customers: 300 });
      if (!demo.ok) return { ok: false, message: t('The administrator was created, but the demo ISP was not: {{reason}}', { reason: errorText(demo.error) }) };
    }
    onDone();
    return { ok: true };
  });
  return (
    <GateFrame title={t('Welcome to ISP Back Office')}>
      <Text size="sm">{t('This database has no staff yet. Create the administrator account to begin.')}</Text>
      <form onSubmit={form.submit}>
        <Stack gap="sm">
          <TextInput label={t('Administrator name')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus required withAsterisk={false} error={form.fields.name} />
          <PasswordInput label={t('Password')} description={t('At least 10 characters')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} error={form.fields.password} />
          <Radio.Group label={t('Start with')} value={start} onChange={(v) => setStart(v as 'empty' | 'demo')}>
            <Stack gap={4} mt={4}>
              <Radio value="empty" label={t('An empty database (a live ISP)')} />
              <Radio value="demo" label={t('A generated demo ISP with a training clock (for trainers)')} />
            </Stack>
          </Radio.Group>
          {form.message && <Alert color="red">{form.message}</Alert>}
          <Button type="submit" loading={form.busy}>
            {t('Create administrator')}
          </Button>
        </Stack>
      </form>
    </GateFrame>
  );
}
