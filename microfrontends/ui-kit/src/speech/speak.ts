/** Whether this browser can read text aloud (Web Speech API). */
export function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function';
}

/** A French voice, preferring France's, when the system has one; the browser picks otherwise. */
export function frenchVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | undefined {
  return (
    voices.find((voice) => voice.lang.toLowerCase() === 'fr-fr') ??
    voices.find((voice) => voice.lang.toLowerCase().startsWith('fr'))
  );
}

/**
 * Reads `text` aloud in French (for pupils who do not read yet). A new request interrupts the one
 * being read. Returns false when the browser cannot speak.
 */
export function speak(text: string, options: { rate?: number } = {}): boolean {
  if (!canSpeak()) return false;
  const synthesis = window.speechSynthesis;
  synthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = 'fr-FR';
  utterance.rate = options.rate ?? 0.9;
  const voice = frenchVoice(synthesis.getVoices());
  if (voice) utterance.voice = voice;
  synthesis.speak(utterance);
  return true;
}
