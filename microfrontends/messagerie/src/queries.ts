/** The messagerie's GraphQL operations (schema: subgraphs/messagerie/schema.graphql). */

export const SUMMARY = '{ me { id mailSummary { unread } } }';

const LIST_MESSAGE = 'id subject senderName preview sentAt unread urgent scheduled status concerning { id name } addressedTo { label }';

export const MAILBOX = `query ($folder: MailFolder!, $childId: ID) {
  mailbox(folder: $folder, childId: $childId, first: 100) { conversationId unreadCount messageCount lastMessage { ${LIST_MESSAGE} } }
}`;

export const SEARCH = `query ($query: String!) { searchMessages(query: $query, first: 50) { conversationId ${LIST_MESSAGE} } }`;

export const CONVERSATION = `query ($id: ID!) {
  conversation(id: $id) {
    id subject unreadCount
    messages {
      id conversationId establishmentId subject body senderName sender { id } sentAt scheduled status urgent unread folder remindedAt
      readReceiptRequested recipientCount canRecall
      concerning { id name }
      addressedTo { key kind label }
      receipts { name readAt remindedAt concerning { id name } }
      attachments { id filename size downloadUrl }
    }
  }
}`;

export const MARK_READ = 'mutation ($id: ID!) { markConversationRead(id: $id) { id unreadCount } }';
export const MARK_UNREAD = 'mutation ($id: ID!) { markConversationUnread(id: $id) { id } }';
export const MOVE = 'mutation ($id: ID!, $folder: MailFolder!) { moveConversation(id: $id, folder: $folder) }';
export const RESTORE = 'mutation ($id: ID!) { restoreConversation(id: $id) }';
export const REMIND = 'mutation ($id: ID!) { remindUnread(messageId: $id) }';
export const RECALL = 'mutation ($id: ID!) { recallMessage(messageId: $id) { id status } }';
export const REPORT = 'mutation ($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) }';

export const OPTIONS = `query ($query: String) { recipientOptions(query: $query) { key kind label description section establishmentId } }`;
export const SEND = 'mutation ($input: MessageInput!) { sendMessage(input: $input) { id conversationId scheduled } }';
export const SAVE_DRAFT = 'mutation ($id: ID, $input: MessageDraftInput!) { saveMessageDraft(id: $id, input: $input) { id } }';
export const DELETE_DRAFT = 'mutation ($id: ID!) { deleteMessageDraft(id: $id) }';
export const DRAFT = `query ($id: ID!) { messageDraft(id: $id) { id subject body draftRecipients readReceiptRequested urgent } }`;
