import { describe, expect, it } from 'vitest';
import { prepareMessageBody } from './message-body.js';

describe('message bodies', () => {
  it('removes scripts, event handlers, styles and remote images from HTML', () => {
    const body = prepareMessageBody(
      '<p onclick="steal()">Ciao <b>Marco</b><script>alert(1)</script><img src="https://tracker.example/p.gif"><style>p{}</style></p>',
    );
    expect(body.html).toBe('<p>Ciao <b>Marco</b></p>');
    expect(body.text).toBe('Ciao Marco');
  });

  it('keeps safe links and forces them to open safely', () => {
    const body = prepareMessageBody(
      '<p><a href="https://docs.example/vpn">guida</a> <a href="javascript:alert(1)">x</a></p>',
    );
    expect(body.html).toContain('href="https://docs.example/vpn"');
    expect(body.html).toContain('rel="noopener noreferrer nofollow"');
    expect(body.html).not.toContain('javascript:');
  });

  it('turns plain text into escaped paragraphs', () => {
    const body = prepareMessageBody('Riga 1\nRiga <2>\n\nSecondo paragrafo & basta');
    expect(body.html).toBe('<p>Riga 1<br />Riga &lt;2&gt;</p><p>Secondo paragrafo &amp; basta</p>');
    expect(body.text).toBe('Riga 1\nRiga <2>\n\nSecondo paragrafo & basta');
  });

  it('keeps the text of HTML paragraphs on separate lines', () => {
    expect(prepareMessageBody('<p>Uno</p><p>Due &amp; tre</p>').text).toBe('Uno\nDue & tre');
  });
});
