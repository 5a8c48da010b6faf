using System;
using System.Threading;

namespace StaticNet;

/// <summary>
/// Makes a network instance refuse to be used by two threads at once: its methods share buffers, so overlapping calls
/// would silently corrupt each other's results. Each public method of a generated network enters on start and exits
/// when done; a second caller meanwhile gets an <see cref="InvalidOperationException"/>. Separate instances are
/// independent. Public because generated code lives in your assembly.
/// </summary>
public struct ExclusiveUse
{
    private int _busy;

    /// <summary>Marks the instance in use by <paramref name="member"/>.</summary>
    /// <exception cref="InvalidOperationException">Another call is using it.</exception>
    public void Enter(string member)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException(
                $"{member} was called while another call was using this network instance. A network's methods share its buffers, so one instance "
                + "serves one thread at a time: use one instance per thread (they are independent), or lock around the calls.");
        }
    }

    /// <summary>Marks the instance free again.</summary>
    public void Exit() => Volatile.Write(ref _busy, 0);
}
