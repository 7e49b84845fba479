// The SAML window in the Chromium harness: a second page that opens the IdP, with the app's own
// rules for which sign-in POST it takes.
import type { BrowserContext, Page } from 'playwright-core';
import { AirlockError } from '../src/main/airlock-error';
import { extractSamlResponseFromFormBody, isSamlSigninUrl } from '../src/main/saml/saml-response';
import type { SamlLoginRequest } from '../src/main/sessions/prompter';
import { maySamlSigninPostFrom, samlSigninPostRefusal } from '../src/main/shell/saml-window-policy';

const SAML_LOGIN_TIMEOUT_MS = 60_000;

/**
 * The SAML window as a second page: it opens the IdP; the POST to the AWS sign-in endpoint is
 * routed here, its SAMLResponse extracted with the app's own code, and the page closed.
 */
export async function openSamlPage(
  context: BrowserContext,
  request: SamlLoginRequest,
  allowedOrigins: () => Promise<string[]>,
  opened: (page: Page) => void,
): Promise<string> {
  const page = await context.newPage();
  return new Promise<string>((resolveLogin, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`SAML login for session ${request.sessionName} timed out in the harness`));
      void page.close();
    }, SAML_LOGIN_TIMEOUT_MS);
    // The app's own test of a sign-in URL: global and regional endpoints alike.
    void page.route(
      (url) => isSamlSigninUrl(url.href),
      async (route) => {
        // As saml-window.ts: only a page of the IdP's origin or an allowed one may post the login
        // (Electron's initiatorOrigin is the Origin header Chromium sends with the form).
        const origin = (await route.request().allHeaders()).origin;
        const scope = { idpUrl: request.idpUrl, allowedOrigins: await allowedOrigins() };
        const saml = extractSamlResponseFromFormBody(route.request().postData() ?? '');
        await route.fulfill({ status: 204, body: '' });
        clearTimeout(timer);
        if (!maySamlSigninPostFrom(origin, scope)) {
          const refusal = samlSigninPostRefusal(request.sessionName, origin, scope);
          reject(new AirlockError('SAML_INVALID', refusal));
        } else if (saml) resolveLogin(saml);
        else reject(new Error('the IdP posted no SAMLResponse'));
        void page.close();
      },
    );
    page.goto(request.idpUrl).then(() => opened(page), reject);
  });
}
