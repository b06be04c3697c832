// Where the webview bundles and styles live, and the options every panel uses, so
// localResourceRoots stays limited to the built webview folder and the media folder.
import * as vscode from 'vscode';
import { makeNonce, webviewHtml } from './webviewHtml';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // State survives hiding through setState; keeping a 100,000-row DOM alive is not needed.
    retainContextWhenHidden: false,
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Page HTML for the bundle dist/webview/<bundle>.js with a new nonce. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string): string {
  return webviewHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css')).toString(),
    nonce: makeNonce(),
    title,
  });
}
