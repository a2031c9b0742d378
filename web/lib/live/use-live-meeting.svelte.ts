/** Opens the live connection for a page and follows one meeting; closes it when the page goes. */
import { LiveConnection } from './live-connection.svelte';
import { LiveMeeting } from './live-meeting.svelte';

export function useLiveMeeting(meetingId: string, options: { token?: string } = {}): LiveMeeting {
	const connection = new LiveConnection(options);
	$effect(() => () => connection.close());
	return new LiveMeeting(connection, meetingId);
}
