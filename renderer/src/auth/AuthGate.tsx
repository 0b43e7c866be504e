import { Alert, Button, Center, Loader, Paper, PasswordInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AuthStatus } from '../../../main/contract/auth';
import { api } from '../transport';

// The back office asks for sign-in when the host requires it (Electron always; the browser harness unless started
// with --no-auth). The first start of an empty database creates the administrator and offers a demo ISP.

export interface SignedInStaff {
  name: string;
  role: 'administrator' | 'finance' | 'support';
}

interface AuthState {
  staff: SignedInStaff | null;
  required: boolean;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState>({ staff: null, required: false, signOut: async () => {} });
export const useAuth = () => useContext(AuthContext);

export function AuthGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const res = await api.call('auth.status', {});
    if (res.ok) setStatus(res.data);
    else setError(res.error.message);
  }, []);
  useEffect(() => void refresh(), [refresh]);
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

  if (error) return <Alert color="red" m="xl" title="The application cannot be reached">{error}</Alert>;
  if (!status) return <Center h="100vh"><Loader aria-label="Loading" /></Center>;
  if (status.required && !status.hasStaff) return <FirstStart onDone={refresh} />;
  if (status.required && !status.signedIn) return <SignIn onDone={refresh} />;
  return <AuthContext.Provider value={{ staff: status.signedIn, required: status.required, signOut }}>{children}</AuthContext.Provider>;
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center h="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="lg" w={420}>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
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
      setMessage(r.message ?? 'Refused');
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
    return res.ok ? { ok: true } : { ok: false, message: res.error.message, fields: res.error.fields };
  });
  return (
    <Frame title="Sign in to ISP Back Office">
      <form onSubmit={form.submit}>
        <Stack gap="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus required withAsterisk={false} error={form.fields.name} />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} error={form.fields.password} />
          {form.message && <Alert color="red">{form.message}</Alert>}
          <Button type="submit" loading={form.busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}

function FirstStart({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [start, setStart] = useState<'empty' | 'demo'>('empty');
  const form = useForm(async () => {
    const res = await api.call('auth.setup', { name, password });
    if (!res.ok) return { ok: false, message: res.error.message, fields: res.error.fields };
    if (start === 'demo') {
      const demo = await api.call('system.createDemo', { customers: 300 });
      if (!demo.ok) return { ok: false, message: `The administrator was created, but the demo ISP was not: ${demo.error.message}` };
    }
    onDone();
    return { ok: true };
  });
  return (
    <Frame title="Welcome to ISP Back Office">
      <Text size="sm">This database has no staff yet. Create the administrator account to begin.</Text>
      <form onSubmit={form.submit}>
        <Stack gap="sm">
          <TextInput label="Administrator name" value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus required withAsterisk={false} error={form.fields.name} />
          <PasswordInput label="Password" description="At least 10 characters" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required withAsterisk={false} error={form.fields.password} />
          <Radio.Group label="Start with" value={start} onChange={(v) => setStart(v as 'empty' | 'demo')}>
            <Stack gap={4} mt={4}>
              <Radio value="empty" label="An empty database (a live ISP)" />
              <Radio value="demo" label="A generated demo ISP with a training clock (for trainers)" />
            </Stack>
          </Radio.Group>
          {form.message && <Alert color="red">{form.message}</Alert>}
          <Button type="submit" loading={form.busy}>
            Create administrator
          </Button>
        </Stack>
      </form>
    </Frame>
  );
}
